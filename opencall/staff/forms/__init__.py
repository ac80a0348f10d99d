"""Input of the staff pages, one module per area: parsed and validated here, decided by
the services."""
