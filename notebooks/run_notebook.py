#!/usr/bin/python3
"""Executes a notebook top to bottom with nbclient and fails (exit 1) if any cell fails.

    /usr/bin/python3 notebooks/run_notebook.py notebooks/sweep_analysis.ipynb [--output OUT.ipynb]

The kernel is the "python3" kernel spec; Debian's python3-ipykernel installs it at
/usr/share/jupyter/kernels/python3 for /usr/bin/python3. Cells run with the notebook's
folder as working directory, as in Jupyter. --output keeps the executed notebook (figures
included) for a look afterwards.
"""
import argparse
import os
import shutil
import sys

import nbformat
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

# ipykernel loads debugpy, which warns about frozen modules on every start; nothing to debug here.
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--output", help="write the executed notebook here")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--kernel", default="python3", help="kernel spec name (default python3)")
    parser.add_argument("--clean", metavar="DIR", help="remove DIR first (a work folder from an earlier run)")
    args = parser.parse_args()

    try:
        KernelSpecManager().get_kernel_spec(args.kernel)
    except NoSuchKernel:
        print(f"run_notebook: no Jupyter kernel spec named {args.kernel!r}; install python3-ipykernel "
              f"(Debian) so that /usr/share/jupyter/kernels/python3 exists", file=sys.stderr)
        return 1

    if args.clean:
        shutil.rmtree(args.clean, ignore_errors=True)
    notebook = nbformat.read(args.notebook, as_version=4)
    folder = os.path.dirname(os.path.abspath(args.notebook))
    client = NotebookClient(notebook, timeout=args.timeout, kernel_name=args.kernel,
                            resources={"metadata": {"path": folder}})
    status = 0
    try:
        client.execute()
    except CellExecutionError as error:
        # The message holds the failing cell's source and its traceback.
        print(f"run_notebook: a cell of {args.notebook} failed:\n{error}", file=sys.stderr)
        status = 1
    finally:
        if args.output:
            nbformat.write(notebook, args.output)
    if status == 0:
        cells = sum(1 for c in notebook.cells if c.cell_type == "code")
        print(f"run_notebook: {args.notebook}: all {cells} code cells ran")
    return status


if __name__ == "__main__":
    sys.exit(main())
