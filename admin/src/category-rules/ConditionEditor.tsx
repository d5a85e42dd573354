// The and/or editor of a rule's conditions: the rule's own simple conditions, then optionally a group —
// "all of" or "any of" a list of conditions and sub-groups — to the API's 3 levels. Values are kept in the
// API's shape, so each problem the API names by path (`conditions.any[1].mcc`) shows at its node.
import { SelectInput, TextInput } from 'react-admin';
import { useFormContext, useFormState, useWatch } from 'react-hook-form';
import {
  Alert,
  Box,
  Button,
  IconButton,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import type { ConditionValues, Join } from '../data/condition-input.ts';
import { emptyCondition, emptyGroup, groupOf, isSubGroup, maxDepth, switchJoin } from './condition-tree.ts';

/** A list condition shown as comma-separated text (kept as text while typed; split when saved). */
const listFormat = (value: unknown) => (Array.isArray(value) ? value.join(', ') : ((value as string) ?? ''));

function ListInput({ source, label, helperText }: { source: string; label: string; helperText: string }) {
  return (
    <TextInput
      source={source}
      label={label}
      helperText={helperText}
      fullWidth={false}
      format={listFormat}
      parse={(value: string) => value}
    />
  );
}

/** One level's simple conditions: all that are given must hold (inputs wrap in rows, not one per line). */
export function ConditionFields({ path }: { path: string }) {
  const at = (field: string) => `${path}.${field}`;
  return (
    <>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        <ListInput
          source={at('descriptionContains')}
          label="Description contains"
          helperText="Comma-separated"
        />
        <ListInput
          source={at('counterpartyContains')}
          label="Counterparty contains"
          helperText="Comma-separated"
        />
        <ListInput source={at('merchantContains')} label="Merchant contains" helperText="Comma-separated" />
        <ListInput source={at('mcc')} label="MCC" helperText="Four digits or a range, e.g. 5811-5814" />
        <ListInput source={at('sourceCodes')} label="Source codes" helperText="The source's own codes" />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput
          source={at('minAmountMinor')}
          label="Minimum (minor units)"
          helperText="e.g. 1000 = 10.00"
          fullWidth={false}
        />
        <TextInput
          source={at('maxAmountMinor')}
          label="Maximum (minor units)"
          helperText="Inclusive"
          fullWidth={false}
        />
        <TextInput
          source={at('currency')}
          label="Currency"
          helperText="Needed with an amount, e.g. EUR"
          fullWidth={false}
        />
        <SelectInput
          source={at('direction')}
          label="Direction"
          choices={[
            { id: 'debit', name: 'Money out (debit)' },
            { id: 'credit', name: 'Money in (credit)' },
          ]}
          emptyText="Either"
          fullWidth={false}
          sx={{ minWidth: 200 }}
        />
      </Box>
    </>
  );
}

/** The API's problem with a node or a group as a whole (e.g. "must have at least one condition"). */
function NodeProblem({ path, what }: { path: string; what: string }) {
  const { errors } = useFormState({ name: path });
  const problem = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as
    { message?: string } | undefined;
  return problem?.message ? (
    <Alert severity="error" sx={{ my: 1 }} data-testid="condition-problem" data-path={path}>
      {what} {problem.message}
    </Alert>
  ) : null;
}

/**
 * The group nested in the level at `path` (depth: that level's, the rule's own being 1): add, switch, remove;
 * its items are conditions or, while depth allows, sub-groups.
 */
export function ConditionGroup({ path, depth }: { path: string; depth: number }) {
  const { setValue, getValues } = useFormContext();
  const node = useWatch({ name: path }) as ConditionValues | undefined;
  const group = groupOf(node);
  const replace = (next: ConditionValues) => setValue(path, next, { shouldDirty: true });
  const current = () => (getValues(path) as ConditionValues | undefined) ?? {};

  if (!group) {
    return depth < maxDepth ? (
      <Button
        size="small"
        onClick={() => replace({ ...current(), any: [emptyCondition()] })}
        data-testid="add-group"
      >
        Add an and/or group
      </Button>
    ) : null;
  }
  const groupPath = `${path}.${group.join}`;
  const setItems = (items: ConditionValues[]) => replace({ ...current(), [group.join]: items });
  const canNest = depth + 1 < maxDepth;
  return (
    <Box
      sx={{
        borderLeft: 3,
        borderColor: group.join === 'all' ? 'primary.main' : 'secondary.main',
        pl: 2,
        my: 1,
      }}
      data-testid="condition-group"
      data-path={groupPath}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="body2">…and</Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={group.join}
          onChange={(_, join: Join | null) => join && replace(switchJoin(current(), join))}
          aria-label="All or any"
        >
          <ToggleButton value="all" data-testid="join-all">
            all of
          </ToggleButton>
          <ToggleButton value="any" data-testid="join-any">
            any of
          </ToggleButton>
        </ToggleButtonGroup>
        <Typography variant="body2">these:</Typography>
        <Tooltip title="Remove this group">
          <IconButton
            size="small"
            aria-label="Remove group"
            onClick={() => {
              const { [group.join]: _removed, ...rest } = current();
              replace(rest);
            }}
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </Box>
      <NodeProblem path={groupPath} what="This group" />
      {group.items.map((item, index) => {
        const itemPath = `${groupPath}.${index}`;
        const remove = (
          <Tooltip title="Remove">
            <IconButton
              size="small"
              aria-label={`Remove item ${index + 1}`}
              onClick={() => setItems(group.items.filter((_, at) => at !== index))}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        );
        return (
          <Box
            key={index}
            sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}
            data-testid="condition-item"
          >
            <Box sx={{ flex: 1 }}>
              <NodeProblem path={itemPath} what="This condition" />
              {isSubGroup(item) ? (
                <ConditionGroup path={itemPath} depth={depth + 1} />
              ) : (
                <ConditionFields path={itemPath} />
              )}
            </Box>
            {remove}
          </Box>
        );
      })}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button
          size="small"
          onClick={() => setItems([...group.items, emptyCondition()])}
          data-testid="add-condition"
        >
          Add condition
        </Button>
        {canNest && (
          <Button
            size="small"
            onClick={() => setItems([...group.items, emptyGroup()])}
            data-testid="add-sub-group"
          >
            Add group
          </Button>
        )}
      </Box>
    </Box>
  );
}
