"""The build's machinery: its typed state, the one persistent store, parallel work, atomic writes."""
