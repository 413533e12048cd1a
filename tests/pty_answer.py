#!/usr/bin/python3
"""pty_answer.py ANSWERS OUTPUT COMMAND [ARG...] - runs COMMAND on a
terminal of its own (a pseudo-terminal), types each line of the file
ANSWERS into it 0.05 s apart (after 0.1 s for the first), writes all that
the terminal showed to the file OUTPUT and exits with COMMAND's status:
for the tests of commands that ask questions when run by a person.
"""
import os
import pty
import sys
import time


def main(argv):
    answers_path, output_path, command = argv[1], argv[2], argv[3:]
    with open(answers_path, "rb") as f:
        answers = f.read().splitlines(keepends=True)
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    time.sleep(0.05)
    for answer in answers:
        time.sleep(0.05)
        os.write(fd, answer)
    shown = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the command ended: its side of the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    _, status = os.waitpid(pid, 0)
    with open(output_path, "wb") as f:
        f.write(shown)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128


if __name__ == "__main__":
    sys.exit(main(sys.argv))
