"""The CoP as data: the file kinds and their pydantic models (`schemas`), loading a CoP
folder into a `Cop` with its findings (`load`), the parse cache (`cache`), findings and their
output (`findings`), the JSON Schemas for editors (`jsonschemas`) and the files a new CoP
starts with (`scaffold`). Imports only :mod:`copkit.yaml` and copkit's base modules (errors,
text, periods, resources).
"""
