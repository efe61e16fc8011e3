"""The CoP's memory, read from git: a timeline of changes in words, and a semantic diff between
two points in history. The public functions are in :mod:`copkit.git.history`.

How git is read, and why:

* the whole timeline comes from ONE ``git log --raw -M -z`` call (the list of files each commit
  changed, with the blob ids before and after, renames found); never one call per file, which is
  a hundred times slower on a real history (:mod:`~copkit.git.log`);
* the walk goes newest commit first, the order git rebuilds a file's versions fastest (it
  keeps older versions as deltas against newer ones); on a first run the log is read as git
  writes it, and a thread plans each commit's blobs while the walk words the ones before, all
  in one process (:mod:`~copkit.git.words`);
* the blobs a walk needs are streamed, in order, by one ``git cat-file --batch`` process
  (no round trip per blob); a file's version is held, since it is the other side of the
  next change the walk meets (:mod:`~copkit.git.blobs`, :mod:`~copkit.git.reader`);
* a change to a file is compared only where the two versions differ: their common start and
  end are found by comparing blocks of bytes, and only the list items (a member, an attendee,
  a survey answer) or the top-level keys in between are parsed, each distinct piece of text
  once (:mod:`~copkit.git.regions`, :mod:`~copkit.git.pieces`); files are parsed whole when
  that does not apply (a new file, a reshaped one). The benchmark's ``--verify`` checks that
  both ways give the same words. Pieces in the simple shapes copkit writes are read by
  :mod:`copkit.fastyaml`, the rest by yamlread;
* records are compared as data (:mod:`~copkit.git.semdiff`), never as lines;
* the words of each commit are cached in ``.git/copkit/`` (a commit never changes), so later
  runs read the log without files and only work out new commits (:mod:`~copkit.git.cache`);
* git is started one way (:mod:`~copkit.git.runner`); a revision typed by the user is
  validated and resolved with ``rev-parse --verify --end-of-options``; it never reaches git as
  an option.
"""
