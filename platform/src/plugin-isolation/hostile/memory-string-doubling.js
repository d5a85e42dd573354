// Hostile plugin: Strings doubling in size, each one kept.
module.exports = {
  run() {
    const kept = [];
    let text = 'x'.repeat(1024);
    for (;;) {
      // A copy through JSON makes each string flat (repeat() and + build cheap rope strings).
      text = JSON.parse(JSON.stringify(text + text));
      kept.push(text);
    }
  },
};
