"""The engine: builds the CP-SAT model of a rota, solves it, and checks rotas independently."""
