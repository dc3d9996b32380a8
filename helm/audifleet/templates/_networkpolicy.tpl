{{/* Egress every Audifleet pod needs: DNS, and the Kafka brokers. Call with the root context. */}}
{{- define "audifleet.egressDnsAndKafka" -}}
- to:
    {{- toYaml .Values.networkPolicy.dnsPeers | nindent 4 }}
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
- ports:
    {{- range .Values.kafka.ports }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
  {{- with .Values.kafka.networkPeers }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/*
The TCP ports of the configured origins, from their URLs (explicit port, else 443 for https, 80 for http);
folder origins (file:) need none. NetworkPolicy cannot name hosts, so the peers are networkPolicy.originPeers.
*/}}
{{- define "audifleet.originPorts" -}}
{{- $ports := dict -}}
{{- range $name, $origin := .Values.origins -}}
{{- with $origin.url -}}
{{- $url := urlParse . -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if gt (len $hostPort) 1 -}}
{{- $_ := set $ports (last $hostPort) true -}}
{{- else if eq $url.scheme "https" -}}
{{- $_ := set $ports "443" true -}}
{{- else if eq $url.scheme "http" -}}
{{- $_ := set $ports "80" true -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- keys $ports | sortAlpha | join "," -}}
{{- end -}}
