"""Front ends: each turns its platform's events into InboundMessage and renders Replies."""
