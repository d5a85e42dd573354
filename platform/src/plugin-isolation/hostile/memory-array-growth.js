// Hostile plugin: An array that grows without bound.
module.exports = {
  run() {
    const kept = [];
    for (;;) kept.push({ index: kept.length, payload: [1, 2, 3, 4, 5, 6, 7, 8] });
  },
};
