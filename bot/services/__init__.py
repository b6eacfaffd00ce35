"""Services: knowledge base, health, tickets, digests. They know nothing about chat."""
