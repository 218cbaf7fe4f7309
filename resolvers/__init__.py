"""What each root field and relationship does: check arguments, load, build objects."""
