// Hostile plugin: A self-rescheduling microtask chain started before returning.
module.exports = {
  run() {
    // Returns nothing: each microtask schedules the next without chaining promises, so memory stays flat
    // (a chained version races the heap limit against the CPU limit).
    const again = () => {
      Promise.resolve().then(again);
    };
    again();
    return 'returned';
  },
};
