// Hostile plugin: A plugin definition that never arrives (module.exports set to a promise that never settles).
module.exports = new Promise(() => {});
