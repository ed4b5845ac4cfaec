// Placeholder until the module's implementation lands.
