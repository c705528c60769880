"""Excel in and out: the only layer that touches workbooks, and it never loads the solver.

Reading a roster (``read.read_roster``) goes through, in order:
``workbook`` (open the file, .xlsx/.xlsm/.ods/.xls/.et/.csv, each sheet's cell values;
``archive`` first unpacks and measures it, so that no reader is given a file whose size
or extent is absurd),
``sheets`` (find the sheets and their header rows, collect issues at their cells),
``cells`` (parse one value; shared by every reader), ``policy_sheet``, ``schools_sheet``
and ``teachers_sheet`` (one sheet each). ``scenario_read`` and ``plan_read`` read
scenarios and plans with the same opener and cell parsers; ``plan_read`` also checks that
an earlier plan belongs to the roster. ``toml_file`` reads TOML files with their lines
(``policy_file`` for ``--policy``). ``roster_write``, ``plan_write`` and
``compare_write`` write workbooks, all saved through ``atomic.save_atomically``;
``atomic.check_output`` finds an unwritable output before solving. ``template`` writes
the blank roster schools fill in (its words from ``hints``, which the docs' tables come
from too); ``merge`` puts the schools' rosters together, checking them across files.
Problems become ``errors.Issue``s, never quoting a teacher's cells nor printing a control
character;
sheet and column names are in ``headers``; the words of closed lists come from
vocabulary.py.
"""
