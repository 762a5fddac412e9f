"""Files for others: the care-team PDF and data exports, Qt-free for the command line."""
