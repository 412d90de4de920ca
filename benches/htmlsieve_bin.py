"""The htmlsieve binary a benchmark script measures, shared by the scripts under benches/."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binary(given=None):
    """`given` when set; otherwise build this checkout's release binary and return its path.

    Always builds: a stale target/release binary would measure old code (a no-op when fresh).
    """
    if given is not None:
        return given
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "htmlsieve"],
                   cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "htmlsieve")
