"""The only code that writes records: a round-trip edit of a YAML file that keeps comments,
order and quoting (:mod:`.store`: ``edit``, ``Document``, ``write_bytes``, ``cop_lock``,
``repair``), and an in-place edit of one item of a list file (:mod:`.splice`: ``ListFile``).
Every write under ``cop_lock`` is staged in the command's transaction
(:mod:`copkit.yaml.txn`) and lands with the others when the command commits; a crash is
finished or rolled back by the next command. It sits above :mod:`copkit.git`, whose commit a
finished journal makes."""
