// This rule's playbook data (was playbook/rules.json): validated by RulesFile when the playbook loads.
export default {
  id: "lifecycle-script-suspicious",
  title: "Suspicious lifecycle script or job command",
  description: "A notebook lifecycle configuration (OnCreate, OnStart) or a Studio lifecycle configuration whose base64 script, decoded, contains a reverse shell (bash -i, /dev/tcp, netcat, python, perl, ruby or php sockets, socat, mkfifo), download-and-execute or base64-decode-and-execute, a miner or mining pool, instance-metadata or container credential access or any other metadata read, or ssh key or cron persistence. Notebook lifecycle scripts run as root on every start; Studio ones in every app the domain, profile or space starts. The same indicators are read in the command a processing or training job's container runs (ContainerEntrypoint and ContainerArguments, as one shell line) and in a training job's hyperparameters. A read of the instance's id, type, region or address from the metadata service is not flagged. Not judged: the code a training job downloads (sagemaker_submit_directory, an S3 archive CloudTrail does not hold).",
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
      "UpdateNotebookInstanceLifecycleConfig",
      "CreateStudioLifecycleConfig"
    ],
    hooks: {
      onCreate: "OnCreate",
      onStart: "OnStart",
      studioLifecycleConfigContent: "Studio"
    },
    commands: {
      CreateProcessingJob: { command: ["appSpecification.containerEntrypoint", "appSpecification.containerArguments"], lines: [] },
      CreateTrainingJob: {
        command: ["algorithmSpecification.containerEntrypoint", "algorithmSpecification.containerArguments"],
        lines: ["hyperParameters"]
      }
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
        label: "reverse shell: interactive bash",
        pattern: "\\bbash\\s+-i\\b"
      },
      {
        label: "reverse shell: perl, ruby or php socket",
        pattern: "\\b(perl|ruby|php)\\b[^\\n]*(socket|TCPSocket|fsockopen)"
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
        label: "decode and execute: base64 piped to a shell",
        pattern: "\\bbase64\\s+(-d|--decode|-D)\\b[^\\n|]*\\|\\s*(sudo\\s+)?(ba|z|da|k)?sh\\b"
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
        pattern: "(169\\.254\\.169\\.254|\\[fd00:ec2::254\\])/latest/(meta-data/iam/|api/token|user-data)"
      },
      {
        label: "instance metadata read",
        pattern: "(169\\.254\\.169\\.254|\\[fd00:ec2::254\\])/latest/meta-data(?!/(iam/|instance-id|instance-type|placement/|local-ipv4|local-hostname|hostname|ami-id|mac)\\b)"
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
