// Hostile plugin: A dynamic import of node:fs to read the project's key files.
module.exports = {
  async run() {
    const fs = await import('node:fs');
    return fs.readFileSync('.local/keys/kek.json', 'utf8');
  },
};
