"""The idea workflow: drafts with autosave, submission, the admin review (claim, decide, abandon), expiry."""
