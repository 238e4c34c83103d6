"""Document toolkit shared by every renderer: Word (docx.py), Excel (xlsx.py), and the
LibreOffice check (office.py). Renderers are pure: context in, bytes out, no ORM."""
