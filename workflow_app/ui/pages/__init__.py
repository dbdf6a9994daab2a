"""Pages of no one part: home, notifications, not found."""
