// Hostile plugin: Writing a file.
module.exports = {
  run() {
    require('fs').writeFileSync('/tmp/finpersona-plugin-was-here', 'owned');
    return 'written';
  },
};
