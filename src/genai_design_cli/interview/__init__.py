"""The interview: the engine that walks a framework for any front end, its clock and menus."""
