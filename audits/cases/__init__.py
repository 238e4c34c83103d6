"""Cases (办件) imported from the hall's case system, and their performance figures (按期办结率,
提前办结率, 即办件占比, 平均办理时长), computed in the database with the shared working-day
calendar. Same layer as audits: imports standards (the item catalogue), qms.core and qms.org."""
