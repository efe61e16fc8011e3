"""Contact details kept out of git: ``contacts.yaml`` beside the records, never committed.

- :mod:`~copkit.contacts.keys`: the CoP's key (``.copkit/hash-key``) and the keyed hash of an
  email that members.yaml keeps (``email_hash``), so that imports match a row by its email
  without the address;
- :mod:`~copkit.contacts.book`: ``contacts.yaml`` read and edited (round trip, in the command's
  transaction), and the contacts of a CoP as every command that needs one sees them;
- :mod:`~copkit.contacts.split`: an old CoP's contact fields moved out of members.yaml;
- :mod:`~copkit.contacts.share`: the file encrypted for other facilitators (age), and back;
- :mod:`~copkit.contacts.merge`: two facilitators' files made one, the newest entry winning.
"""
