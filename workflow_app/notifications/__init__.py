"""E-mail and in-app notifications of the descriptor workflow (ORIGINS C8). No Reflex here."""
