import { tokensOf } from './api-fixture';

/** Fresh access tokens of the four demo users (operator, and the demo bank's admin, officer, customer). */
export async function demoAccessTokens(): Promise<{
  operator: string;
  bankAdmin: string;
  complianceOfficer: string;
  customer: string;
}> {
  const [operator, bankAdmin, complianceOfficer, customer] = await Promise.all(
    (['operator', 'bankAdmin', 'complianceOfficer', 'customer'] as const).map((user) =>
      tokensOf(user).then((tokens) => tokens.accessToken),
    ),
  );
  return {
    operator: operator!,
    bankAdmin: bankAdmin!,
    complianceOfficer: complianceOfficer!,
    customer: customer!,
  };
}
