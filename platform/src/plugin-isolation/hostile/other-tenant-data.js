// Hostile plugin: Asking a granted host function for another tenant's data.
module.exports = {
  async run(args, ctx) {
    return ctx.call('listCustomers', { tenantId: args.otherTenantId });
  },
};
