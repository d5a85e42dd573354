// Hostile plugin: Unbounded recursion.
module.exports = {
  run() {
    const down = (depth) => down(depth + 1) + 1;
    return down(0);
  },
};
