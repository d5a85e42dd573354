// Hostile plugin: A 2 MiB result (limit 1 MiB).
module.exports = {
  run() {
    return 'x'.repeat(2 * 1024 * 1024);
  },
};
