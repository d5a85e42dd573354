// The bank's categoriser (the API's categoryModel): which model is in use, trained on what, and "Train now"
// (bank administrators, step-up) that trains it on the bank's labelled transactions.
import { useQuery } from '@tanstack/react-query';
import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { QueryState, useStaffAction } from '../layout/index.ts';

export function CategoriserPanel() {
  const { busy, run, dataProvider } = useStaffAction();
  const model = useQuery({ queryKey: ['category-model'], queryFn: () => dataProvider.categoryModel() });
  return (
    <Card sx={{ mb: 2 }} data-testid="categoriser">
      <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <Box sx={{ flex: '1 1 400px' }}>
          <Typography variant="h6">Categoriser</Typography>
          <QueryState query={model} what="The categoriser" testId="categoriser">
            {(current) => (
              <Typography
                variant="body2"
                sx={{ color: current ? 'text.primary' : 'warning.dark' }}
                data-testid="categoriser-status"
              >
                {current
                  ? `In use since ${new Date(current.trainedAt).toLocaleString()}: ${current.examples} examples (${current.customerLabels} customers’ own choices), ${current.classes.length} categories, trained on ${current.backend} in ${current.trainingMs} ms.`
                  : 'Not trained yet: transactions are categorised by your rules, the MCC and the platform’s rules.'}
              </Typography>
            )}
          </QueryState>
        </Box>
        <Button
          variant="outlined"
          disabled={busy}
          onClick={() =>
            run(
              (provider) => provider.retrainCategoriser(),
              (outcome) =>
                outcome.trained
                  ? `The categoriser is trained (${outcome.model?.examples ?? 0} examples) and in use`
                  : { message: `Not trained: ${outcome.reason ?? 'no reason given'}`, type: 'warning' },
            )
          }
          data-testid="train-categoriser"
        >
          Train now
        </Button>
      </CardContent>
    </Card>
  );
}
