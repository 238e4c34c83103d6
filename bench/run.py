"""Run every bench module and print its figures: `make bench` (or python bench/run.py [name ...]).

Each bench module builds its own data in its own throw-away database, so each runs in a
fresh process."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names):
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if any(n in m for n in names)]
    failed = []
    for module in modules:
        result = subprocess.run([sys.executable, str(HERE / f"{module}.py")], check=False)
        if result.returncode:
            failed.append(module)
    if failed:
        print(f"\nFAILED: {', '.join(failed)}")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
