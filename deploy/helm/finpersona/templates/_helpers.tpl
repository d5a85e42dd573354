{{/* Names and labels. */}}
{{- define "finpersona.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "finpersona.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "finpersona.labels" -}}
{{ include "finpersona.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "finpersona.image" -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/*
Security contexts. The backend images run as `node` (uid 1000), the SPA image's nginx as uid 101: numeric
here, since the kubelet cannot check runAsNonRoot against a user name.
*/}}
{{- define "finpersona.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
{{- if .localhostProfile }}
  type: Localhost
  localhostProfile: {{ .localhostProfile }}
{{- else }}
  type: RuntimeDefault
{{- end }}
{{- end -}}

{{- define "finpersona.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* A Secret key as an environment variable. */}}
{{- define "finpersona.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
{{- end -}}

{{/* The Localhost seccomp profile of the API and the worker (PLUGIN_SANDBOX_NETWORK=none), or none. */}}
{{- define "finpersona.platformSeccompProfile" -}}
{{- if eq .Values.pluginSandbox.network "none" }}{{ .Values.pluginSandbox.localhostSeccompProfile }}{{ end -}}
{{- end -}}

{{/* The environment of the API and the worker: the ConfigMap, then the secrets by reference. */}}
{{- define "finpersona.platformEnv" -}}
envFrom:
  - configMapRef:
      name: {{ include "finpersona.fullname" . }}
env:
  {{- include "finpersona.secretEnv" (dict "name" "APP_DATABASE_URL" "secret" .Values.database.existingSecret "key" .Values.database.appUrlKey) | nindent 2 }}
  {{- if .Values.smtp.existingSecret }}
  {{- include "finpersona.secretEnv" (dict "name" "SMTP_USER" "secret" .Values.smtp.existingSecret "key" .Values.smtp.userKey) | nindent 2 }}
  {{- include "finpersona.secretEnv" (dict "name" "SMTP_PASSWORD" "secret" .Values.smtp.existingSecret "key" .Values.smtp.passwordKey) | nindent 2 }}
  {{- end }}
  {{- if .Values.webPush.vapidPublicKey }}
  {{- include "finpersona.secretEnv" (dict "name" "WEB_PUSH_VAPID_PRIVATE_KEY" "secret" .Values.webPush.existingSecret "key" .Values.webPush.privateKeyKey) | nindent 2 }}
  {{- end }}
{{- end -}}

{{/*
Writable places of the API and the worker (the root filesystem is read-only): /tmp, and the FinPersona
cache (FINPERSONA_CACHE), where the camt.053 schemas and connector specs are kept after their first use.
With the local key provider, the key file: copied from its Secret by an init container into memory, owned
by the process's user with mode 0400 (the platform refuses a key file that is not; a Secret volume's files
are root's).
*/}}
{{- define "finpersona.platformVolumes" -}}
- name: tmp
  emptyDir: {}
- name: cache
  emptyDir: {}
{{- if eq .Values.crypto.keyProvider "local" }}
- name: kek-secret
  secret:
    secretName: {{ .Values.crypto.local.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.crypto.local.key }}
        path: kek
- name: kek
  emptyDir:
    medium: Memory
    sizeLimit: 1Mi
{{- end }}
{{- end -}}

{{- define "finpersona.platformVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: cache
  mountPath: /var/cache/finpersona
{{- if eq .Values.crypto.keyProvider "local" }}
- name: kek
  mountPath: /var/lib/finpersona-keys
  readOnly: true
{{- end }}
{{- end -}}

{{- define "finpersona.kekInitContainers" -}}
{{- if eq .root.Values.crypto.keyProvider "local" }}
initContainers:
  - name: key-file
    image: {{ include "finpersona.image" (dict "image" .image "root" .root) }}
    imagePullPolicy: {{ .root.Values.pullPolicy }}
    command: [sh, -c, "umask 077 && cp /var/run/finpersona-kek/kek /var/lib/finpersona-keys/kek && chmod 0400 /var/lib/finpersona-keys/kek"]
    securityContext:
      {{- include "finpersona.containerSecurityContext" . | nindent 6 }}
    resources:
      requests: { cpu: 10m, memory: 16Mi }
      limits: { memory: 64Mi }
    volumeMounts:
      - name: kek-secret
        mountPath: /var/run/finpersona-kek
        readOnly: true
      - name: kek
        mountPath: /var/lib/finpersona-keys
{{- end }}
{{- end -}}
