// The bank's plugins (the API's plugins / pluginInstallations and the lifecycle mutations): what is installed
// with its state, settings and secrets (only as set or not), and what could be installed, with what each
// plugin may read and call. Bank administrators only; every change asks for the second factor (step-up) and is
// audited by the API.
import { useState } from 'react';
import { Title } from 'react-admin';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import type { PluginInstallationNode, PluginNode, PluginVersionNode } from '../data/index.ts';
import {
  ConfirmDialog,
  QuerySection,
  QueryState,
  StaffName,
  StateChip,
  useStaffAction,
} from '../layout/index.ts';
import {
  initialValues,
  problemsBySetting,
  settingFields,
  settingsFromValues,
  type SettingField,
  type SettingValues,
} from './settings-form.ts';

/** The newest version this platform can run, or none. */
export function newestCompatible(plugin: PluginNode): PluginVersionNode | undefined {
  return plugin.versions.find((version) => version.compatible);
}

/** A compatible version newer than the installed one (versions are newest first), or none. */
export function upgradeFor(plugin: PluginNode, installed: string): PluginVersionNode | undefined {
  const newer = plugin.versions.slice(
    0,
    plugin.versions.findIndex((version) => version.version === installed),
  );
  return newer.find((version) => version.compatible);
}

type SettingsMode = 'install' | 'configure' | 'upgrade';

interface SettingsTarget {
  mode: SettingsMode;
  plugin: PluginNode;
  version: PluginVersionNode;
  installation?: PluginInstallationNode;
}

const modeWords: Record<SettingsMode, { title: string; confirm: string; done: string }> = {
  install: { title: 'Install', confirm: 'Install', done: 'is installed, disabled until you enable it' },
  configure: { title: 'Settings of', confirm: 'Save', done: 'settings are saved' },
  upgrade: { title: 'Upgrade', confirm: 'Upgrade', done: 'is upgraded' },
};

function SettingInput({
  field,
  value,
  problem,
  secretSet,
  removing,
  onChange,
  onRemove,
}: {
  field: SettingField;
  value: string;
  problem: string | undefined;
  secretSet: boolean;
  removing: boolean;
  onChange(value: string): void;
  onRemove(remove: boolean): void;
}) {
  const label = `${field.name}${field.required ? ' *' : ''}`;
  const help = [
    field.kind === 'secret'
      ? secretSet
        ? 'Set — leave empty to keep it.'
        : 'Not set.'
      : field.kind === 'json'
        ? 'JSON.'
        : '',
    field.description ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    fullWidth: true,
    margin: 'dense' as const,
    label,
    value,
    error: problem !== undefined,
    helperText: problem ?? help,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
    slotProps: { htmlInput: { 'data-testid': `setting-${field.name}` } },
  };
  if (field.kind === 'choice' || field.kind === 'boolean') {
    const options = field.kind === 'boolean' ? ['true', 'false'] : field.choices;
    return (
      <TextField {...common} select>
        <MenuItem value="">
          <em>Not set</em>
        </MenuItem>
        {options.map((option) => (
          <MenuItem key={option} value={option}>
            {field.kind === 'boolean' ? (option === 'true' ? 'Yes' : 'No') : option}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  if (field.kind === 'secret') {
    return (
      <Box>
        <TextField {...common} type="password" autoComplete="new-password" disabled={removing} />
        {secretSet && !field.required && (
          <FormControlLabel
            control={<Checkbox checked={removing} onChange={(event) => onRemove(event.target.checked)} />}
            label={`Remove the stored ${field.name}`}
          />
        )}
      </Box>
    );
  }
  return <TextField {...common} multiline={field.kind === 'json'} minRows={field.kind === 'json' ? 3 : 1} />;
}

function SettingsDialog({ target, onClose }: { target: SettingsTarget; onClose(): void }) {
  const { busy, run } = useStaffAction();
  const { mode, plugin, version, installation } = target;
  const fields = settingFields(version.settingsSchema, version.secretSettings);
  const [values, setValues] = useState<SettingValues>(() =>
    initialValues(fields, installation?.settings ?? null),
  );
  const [removing, setRemoving] = useState<ReadonlySet<string>>(new Set());
  const [problems, setProblems] = useState<Record<string, string>>({});
  const secretSet = (name: string) =>
    installation?.secrets.some((secret) => secret.name === name && secret.set) ?? false;
  const words = modeWords[mode];

  async function submit() {
    const { settings, problems: local } = settingsFromValues(fields, values, removing);
    setProblems(local);
    if (Object.keys(local).length > 0) return;
    const done = `${plugin.name} ${words.done}`;
    const showProblems = (fieldProblems: readonly { field: string; problem: string }[]) =>
      setProblems(problemsBySetting(fieldProblems));
    const result = await run(
      (provider) =>
        mode === 'install'
          ? provider.installPlugin(plugin.id, version.version, settings)
          : mode === 'configure'
            ? provider.configurePlugin(plugin.id, settings)
            : provider.upgradePlugin(plugin.id, version.version, settings),
      done,
      showProblems,
    );
    if (result) onClose();
  }

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="plugin-settings-dialog">
      <DialogTitle>
        {words.title} {plugin.name}
        {mode === 'configure' ? '' : ` ${version.version}`}
      </DialogTitle>
      <DialogContent>
        <DialogContentText variant="body2">
          {mode === 'upgrade'
            ? `From ${installation?.version ?? '?'} to ${version.version}: the settings are checked against the new version. `
            : ''}
          Settings marked * are required before the plugin can be enabled. Secrets are stored encrypted and
          never shown again.
        </DialogContentText>
        {problems[''] && (
          <Alert severity="error" sx={{ mt: 1 }} data-testid="plugin-settings-problem">
            {problems['']}
          </Alert>
        )}
        {fields.length === 0 && (
          <Typography variant="body2" sx={{ mt: 2 }} data-testid="plugin-settings-none">
            This plugin has no settings.
          </Typography>
        )}
        {fields.map((field) => (
          <SettingInput
            key={field.name}
            field={field}
            value={values[field.name] ?? ''}
            problem={problems[field.name]}
            secretSet={secretSet(field.name)}
            removing={removing.has(field.name)}
            onChange={(value) => setValues({ ...values, [field.name]: value })}
            onRemove={(remove) => {
              const next = new Set(removing);
              if (remove) next.add(field.name);
              else next.delete(field.name);
              setRemoving(next);
            }}
          />
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          disabled={busy}
          onClick={() => void submit()}
          data-testid="plugin-settings-confirm"
        >
          {words.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : 'none');

/** What the plugin may read and call, and where it applies: what an administrator weighs before installing. */
function Reach({ version }: { version: PluginVersionNode }) {
  return (
    <Typography variant="caption" color="text.secondary" component="div" data-testid="plugin-reach">
      Reads: {list(version.dataPermissions)} · Calls: {list(version.hostPermissions)} · Regions:{' '}
      {list(version.regions)}
    </Typography>
  );
}

function InstalledTable({
  rows,
  onSettings,
  onUninstall,
}: {
  rows: { installation: PluginInstallationNode; plugin: PluginNode | undefined }[];
  onSettings(target: SettingsTarget): void;
  onUninstall(plugin: PluginNode): void;
}) {
  const { busy, run } = useStaffAction();
  return (
    <Table size="small" aria-label="Installed plugins">
      <TableHead>
        <TableRow>
          <TableCell>Plugin</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Secrets</TableCell>
          <TableCell>Last change</TableCell>
          <TableCell align="right">Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(({ installation, plugin }) => {
          const enabled = installation.status === 'ENABLED';
          const installedVersion = plugin?.versions.find(
            (version) => version.version === installation.version,
          );
          const upgrade = plugin ? upgradeFor(plugin, installation.version) : undefined;
          // The bank's rule pack in force cannot be switched off (the API refuses): another replaces it.
          const inForce =
            enabled && (installedVersion?.capabilities.includes('compliance-rule-pack') ?? false);
          return (
            <TableRow
              key={installation.id}
              data-testid="plugin-installed"
              data-plugin={installation.pluginId}
            >
              <TableCell>
                <Typography variant="body2">{plugin?.name ?? installation.pluginId}</Typography>
                <Typography variant="caption" color="text.secondary">
                  {installation.pluginId}
                  {installedVersion ? ` · ${list(installedVersion.capabilities)}` : ''}
                </Typography>
              </TableCell>
              <TableCell>
                {installation.version}
                {upgrade && (
                  <Chip
                    size="small"
                    variant="outlined"
                    color="info"
                    sx={{ ml: 1 }}
                    label={`${upgrade.version} available`}
                    data-testid="plugin-upgrade-available"
                  />
                )}
              </TableCell>
              <TableCell>
                <StateChip
                  look={
                    enabled
                      ? { label: 'Enabled', tone: 'success', mark: 'done' }
                      : { label: 'Disabled', tone: 'neutral', mark: 'idle' }
                  }
                  testId="plugin-state"
                />
              </TableCell>
              <TableCell data-testid="plugin-secrets">
                {installation.secrets.length === 0
                  ? '—'
                  : installation.secrets
                      .map((secret) => `${secret.name}: ${secret.set ? 'set' : 'not set'}`)
                      .join(', ')}
              </TableCell>
              <TableCell>
                <Typography variant="body2">{new Date(installation.updatedAt).toLocaleString()}</Typography>
                <Typography variant="caption" color="text.secondary">
                  by <StaffName subject={installation.updatedBy} />
                </Typography>
              </TableCell>
              <TableCell align="right">
                <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end', flexWrap: 'wrap' }}>
                  {plugin && installedVersion && (
                    <Button
                      size="small"
                      onClick={() =>
                        onSettings({ mode: 'configure', plugin, version: installedVersion, installation })
                      }
                      data-testid="plugin-configure"
                    >
                      Settings
                    </Button>
                  )}
                  {inForce && (
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      sx={{ alignSelf: 'center' }}
                      data-testid="plugin-in-force"
                    >
                      In force: enabling another rule pack replaces it
                    </Typography>
                  )}
                  {!inForce && (
                    <Button
                      size="small"
                      disabled={busy}
                      data-testid={enabled ? 'plugin-disable' : 'plugin-enable'}
                      onClick={() =>
                        void run(
                          (provider) => provider.setPluginEnabled(installation.pluginId, !enabled),
                          `${plugin?.name ?? installation.pluginId} is ${enabled ? 'disabled' : 'enabled'}`,
                        )
                      }
                    >
                      {enabled ? 'Disable' : 'Enable'}
                    </Button>
                  )}
                  {plugin && upgrade && (
                    <Button
                      size="small"
                      onClick={() => onSettings({ mode: 'upgrade', plugin, version: upgrade, installation })}
                      data-testid="plugin-upgrade"
                    >
                      Upgrade
                    </Button>
                  )}
                  {plugin && !inForce && (
                    <Button
                      size="small"
                      color="error"
                      onClick={() => onUninstall(plugin)}
                      data-testid="plugin-uninstall"
                    >
                      Uninstall
                    </Button>
                  )}
                </Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function AvailableTable({
  plugins,
  onInstall,
}: {
  plugins: PluginNode[];
  onInstall(target: SettingsTarget): void;
}) {
  return (
    <Table size="small" aria-label="Available plugins">
      <TableHead>
        <TableRow>
          <TableCell>Plugin</TableCell>
          <TableCell>Publisher</TableCell>
          <TableCell>Version</TableCell>
          <TableCell align="right">Install</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {plugins.map((plugin) => {
          const version = newestCompatible(plugin);
          const latest = plugin.versions[0]!;
          return (
            <TableRow key={plugin.id} data-testid="plugin-available" data-plugin={plugin.id}>
              <TableCell>
                <Typography variant="body2">{plugin.name}</Typography>
                <Typography variant="caption" color="text.secondary" component="div">
                  {plugin.id} · {list((version ?? latest).capabilities)}
                </Typography>
                {plugin.description && (
                  <Typography variant="caption" component="div">
                    {plugin.description}
                  </Typography>
                )}
                <Reach version={version ?? latest} />
              </TableCell>
              <TableCell>
                {plugin.publisher}
                <Chip
                  size="small"
                  sx={{ ml: 1 }}
                  variant="outlined"
                  color={plugin.trust === 'first-party' ? 'default' : 'warning'}
                  label={plugin.trust}
                  data-testid="plugin-trust"
                />
              </TableCell>
              <TableCell>{version?.version ?? latest.version}</TableCell>
              <TableCell align="right" data-testid="plugin-install-cell">
                {!version ? (
                  <Typography variant="caption" color="error">
                    Cannot run here: {latest.incompatibility}
                  </Typography>
                ) : !plugin.appliesToBank ? (
                  <Typography variant="caption" color="text.secondary">
                    Not for your bank’s region
                  </Typography>
                ) : (
                  <Button
                    size="small"
                    variant="outlined"
                    onClick={() => onInstall({ mode: 'install', plugin, version })}
                    data-testid="plugin-install"
                  >
                    Install
                  </Button>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function PluginsPage() {
  const { dataProvider } = useStaffAction();
  const plugins = useQuery({ queryKey: ['plugins'], queryFn: () => dataProvider.plugins() });
  const installations = useQuery({
    queryKey: ['plugin-installations'],
    queryFn: () => dataProvider.pluginInstallations(),
  });
  const [settingsTarget, setSettingsTarget] = useState<SettingsTarget | undefined>();
  const [uninstalling, setUninstalling] = useState<PluginNode | undefined>();
  const byId = new Map((plugins.data ?? []).map((plugin) => [plugin.id, plugin]));
  const installedIds = new Set((installations.data ?? []).map((installation) => installation.pluginId));
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2 }} data-testid="plugins-page">
      <Title title="Plugins" />
      <Card>
        <CardContent>
          <QuerySection
            title="Installed"
            intro="Only enabled plugins run for the bank. Changes ask for your one-time code and are recorded in the audit trail."
            query={installations}
            what="The bank’s plugins"
            testId="plugin-installations"
            empty={{
              title: 'No plugin is installed',
              text: 'Install a connector, a product catalogue or a model from the list below.',
            }}
          >
            {(rows) => (
              <InstalledTable
                rows={rows.map((installation) => ({ installation, plugin: byId.get(installation.pluginId) }))}
                onSettings={setSettingsTarget}
                onUninstall={setUninstalling}
              />
            )}
          </QuerySection>
        </CardContent>
      </Card>
      <Card>
        <CardContent>
          <Typography variant="h6">Available</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Plugins published on this platform that the bank has not installed, with what each may read and
            call.
          </Typography>
          <QueryState
            query={plugins}
            what="The available plugins"
            testId="plugins-available"
            isEmpty={(rows) => rows.every((plugin) => installedIds.has(plugin.id))}
            empty={{
              title: 'Everything is installed',
              text: 'Every plugin published on this platform is installed for the bank.',
            }}
          >
            {(rows) => (
              <AvailableTable
                plugins={rows.filter((plugin) => !installedIds.has(plugin.id))}
                onInstall={setSettingsTarget}
              />
            )}
          </QueryState>
        </CardContent>
      </Card>
      {settingsTarget && (
        <SettingsDialog
          key={`${settingsTarget.mode}-${settingsTarget.plugin.id}`}
          target={settingsTarget}
          onClose={() => setSettingsTarget(undefined)}
        />
      )}
      {uninstalling && (
        <ConfirmDialog
          title={`Uninstall ${uninstalling.name}?`}
          text="Its settings and secrets are removed from the bank, and whatever it provides (a connector, products, recommendations, rules) stops at once. Installing it again starts from empty settings."
          confirm="Uninstall"
          danger
          testId="plugin-uninstall"
          action={(provider) => provider.uninstallPlugin(uninstalling.id)}
          done={`${uninstalling.name} is uninstalled`}
          onClose={() => setUninstalling(undefined)}
        />
      )}
    </Box>
  );
}
