"""The kiosk's way to the archive: the client, its checkpoints and its progress as data. It reads a kiosk's data
through the interface it defines (``sync.client.Outbox``) and imports nothing of the kiosk."""
