// Hostile plugin: A loop at load time (top-level code).
for (;;) {
  /* spin */
}
module.exports = { run: () => 'never' };
