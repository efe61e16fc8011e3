"""copkit's YAML: reading files fast and safely, with positions, and writing them back
without losing what a person wrote. This layer knows YAML and files, no record kinds: it
imports only copkit's base modules (errors, text) and, for the recovery commit of an
interrupted write, :mod:`copkit.git.commit`.

- `scalars`: what both readers share: YAML 1.2's plain scalar rules, `SrcInt`/`SrcFloat`,
  `MAX_DEPTH`, `YamlProblem` and `Pos`;
- `fast`: the line reader for the simple shapes copkit writes (refuses the rest);
- `read`: PyYAML's C parser, every refusal (size, encoding, anchors, tags, duplicate keys,
  depth) and its errors; the fast reader first, the parser when it refuses;
- `positions`: `SourceMap` (data and the position of each key and value), `PositionScan`;
- `txn`: the journal that makes a command's writes all-or-nothing;
- `store`: the CoP lock, atomic writes, ruamel.yaml's round trip, repair;
- `splice`: item edits of list files, spliced into the text.

fast → scalars ← read; positions → scalars; read → fast, positions; store → txn, read;
splice → store, read.
"""
