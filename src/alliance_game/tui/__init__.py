"""The Textual front end: screens and widgets over the engine; it computes no rule."""
