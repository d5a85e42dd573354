// Hostile plugin: A self-rescheduling microtask chain started before returning.
module.exports = {
  run() {
    const again = () => Promise.resolve().then(again);
    again();
    return 'returned';
  },
};
