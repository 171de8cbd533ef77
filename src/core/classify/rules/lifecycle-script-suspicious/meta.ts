// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "lifecycle-script-suspicious",
  title: "Suspicious notebook lifecycle script",
  description: "A notebook lifecycle configuration whose base64 OnCreate or OnStart script, decoded, contains a reverse shell, download-and-execute, a miner or mining pool, instance-metadata credential access, or ssh key or cron persistence. Lifecycle scripts run as root on every start.",
  severity: "critical",
  confidence: "strong",
  scenarios: [
    "malware-deployment",
    "credential-theft",
    "cryptojacking",
    "configuration-changes"
  ],
  mitre: [
    "T1037",
    "T1059.004",
    "T1552.005"
  ],
  params: {
    source: "sagemaker.amazonaws.com",
    events: [
      "CreateNotebookInstanceLifecycleConfig",
      "UpdateNotebookInstanceLifecycleConfig"
    ],
    hooks: {
      onCreate: "OnCreate",
      onStart: "OnStart"
    },
    maxLineLength: 200,
    indicators: [
      {
        label: "reverse shell: /dev/tcp redirection",
        pattern: "/dev/(tcp|udp)/"
      },
      {
        label: "reverse shell: netcat -e / -c",
        pattern: "\\b(nc|ncat|netcat)\\b[^\\n]*\\s-[a-z]*[ec]\\s"
      },
      {
        label: "reverse shell: python socket with pty",
        pattern: "python[0-9.]*\\s[^\\n]*socket[^\\n]*(pty|subprocess|dup2)"
      },
      {
        label: "reverse shell: named pipe (mkfifo)",
        pattern: "\\bmkfifo\\b"
      },
      {
        label: "reverse shell: socat exec",
        pattern: "\\bsocat\\b[^\\n]*exec:"
      },
      {
        label: "download and execute: piped to a shell",
        pattern: "\\b(curl|wget)\\b[^\\n|]*\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b"
      },
      {
        label: "download and execute: fetched file run at once",
        pattern: "\\b(curl|wget)\\b[^\\n]*(&&|;)\\s*(sudo\\s+)?(ba|z|da|k)?sh\\s"
      },
      {
        label: "crypto miner",
        pattern: "\\b(xmrig|xmr-stak|cpuminer|minerd|ethminer|nbminer|t-rex|phoenixminer|lolminer|cgminer|bfgminer)\\b"
      },
      {
        label: "mining pool",
        pattern: "stratum\\+(tcp|ssl|tls)://|\\b(minexmr|nanopool|supportxmr|hashvault|moneroocean|2miners|f2pool|nicehash|ethermine|c3pool)\\b"
      },
      {
        label: "instance metadata credentials (IMDS)",
        pattern: "169\\.254\\.169\\.254/latest/(meta-data/iam/security-credentials|api/token)"
      },
      {
        label: "container credentials endpoint",
        pattern: "169\\.254\\.170\\.2\\b|AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
      },
      {
        label: "ssh key persistence",
        pattern: "authorized_keys"
      },
      {
        label: "cron persistence",
        pattern: "\\bcrontab\\b|/etc/cron\\.|/var/spool/cron"
      }
    ]
  }
};
