"""Nightly domain-eval run: spark-submit the job jar, then gate on its summary.json.

Tasks:
  evaluate     SparkSubmitOperator: the job jar with the job file shipped by --files and the
               run date ({{ ds }}) as run id. Exit 0 (gates passed) and 3 (a gate failed; every
               table is published) both succeed here, so the gate is decided in one place, below.
               Exit 2 (bad configuration or input) fails the task without a retry: a retry gives
               the same answer. Exit 4 (another attempt of the same run id holds its lease, e.g.
               a manual rerun or a zombie try) is retried after retry_delay, like 1; the lease
               of a crashed attempt expires after output.lease-timeout. Anything else (1: a
               bug, a lost cluster) is retried.
  check_gates  reads <output>/_runs/run_id={{ ds }}/summary.json (written after every table,
               next to the _SUCCESS marker) and fails with the verdicts' reasons when a
               candidate failed a gate on some domain.

Exit codes reach Airflow exactly in client deploy mode (the driver runs on the Airflow worker);
in cluster deploy mode YARN and Kubernetes report only failed or not, so there every failure is
retried up to `retries` times and summary.json (its exit_code field) is the source of truth.

Airflow connection `spark_domain_eval`: host = the master (yarn, spark://host:7077 or
k8s://https://...), extra {"deploy-mode": "client"}. Needs apache-airflow-providers-apache-spark,
and fsspec with the file system of the output (pyarrow for hdfs://, s3fs for s3a://).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.operators.python import PythonOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JOB_JAR = "/opt/domain-eval/domain-eval.jar"
JOB_FILE = "/opt/domain-eval/conf/example-nightly.conf"
# client: the driver runs on the Airflow worker and its exit code is the job's (see above).
DEPLOY_MODE = "client"
# output.path of the job file; fsspec reads hdfs:// and s3:// (s3a:// is Hadoop's name for it).
OUTPUT = "hdfs:///warehouse/llm_eval/domain_eval"

EXIT_GATE_FAILED = 3
EXIT_INVALID = 2
EXIT_BUSY = 4
EXIT_CODE = re.compile(r"(?:Error|exit) code is: (\d+)")


class DomainEvalSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator that maps the job's exit codes to task states."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            codes = [int(c) for c in EXIT_CODE.findall(str(e))]
            code = next((c for c in codes if c != 0), None)
            if code == EXIT_GATE_FAILED:
                self.log.info("A gate failed; check_gates reports which (exit code 3)")
                return None
            if code == EXIT_INVALID:
                raise AirflowFailException(
                    "domain-eval rejected its configuration or input (exit code 2); the task "
                    "log says what, where and how to fix it. Not retried: a retry gives the "
                    "same answer. Fix the input or the job file, then clear this task."
                ) from e
            if code == EXIT_BUSY:
                self.log.warning(
                    "Another attempt of this run id is writing it (exit code 4); retried after "
                    "retry_delay, once that attempt has finished or its lease has expired"
                )
            raise


def check_gates(ds: str, **_):
    import fsspec  # an Airflow dependency; pyarrow or s3fs provide hdfs:// and s3://

    run = f"{OUTPUT}/_runs/run_id={ds}"
    fs, path = fsspec.core.url_to_fs(run)
    if not fs.exists(f"{path}/_SUCCESS"):
        raise AirflowFailException(
            f"Run {ds} has no {run}/_SUCCESS: it did not publish. See the evaluate task's log."
        )
    with fs.open(f"{path}/summary.json", "r") as f:
        summary = json.load(f)
    failed = [v for v in summary["verdicts"] if v["verdict"] == "FAIL"]
    for v in summary["verdicts"]:
        print(f"{v['verdict']:13} {v['candidate']} on {v['domain']}")
    if failed:
        reasons = "\n".join(
            f"- {v['candidate']} on {v['domain']}: " + "; ".join(v["reasons"]) for v in failed
        )
        raise AirflowFailException(
            f"domain-eval run {ds}: {len(failed)} verdict(s) FAIL "
            f"(summary {run}/summary.json, findings table for details):\n{reasons}"
        )
    return summary["status"]


with DAG(
    dag_id="domain_eval_nightly",
    start_date=datetime(2026, 11, 1),
    schedule="@daily",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["ml-eval"],
) as dag:
    evaluate = DomainEvalSubmitOperator(
        task_id="evaluate",
        conn_id="spark_domain_eval",
        application=JOB_JAR,
        java_class="dev.domaineval.cli.EvaluationJob",
        files=JOB_FILE,
        name="domain-eval-{{ ds }}",
        deploy_mode=DEPLOY_MODE,
        # In cluster deploy mode --files puts the job file into the driver's working directory;
        # in client mode the driver reads it where it is.
        application_args=[
            "--config",
            JOB_FILE if DEPLOY_MODE == "client" else JOB_FILE.rsplit("/", 1)[-1],
            "--set",
            "run-id={{ ds }}",
            "--set",
            "findings.fail-on-gate=true",
        ],
        conf={
            "spark.sql.adaptive.enabled": "true",
            "spark.sql.shuffle.partitions": "400",
            # Lets the JIT compile the pass's generated code however large it is (see the README,
            # "Spark settings that matter"); append it to any options your cluster sets here.
            "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods",
            "spark.executor.extraJavaOptions": "-XX:-DontCompileHugeMethods",
        },
        executor_memory="8g",
        driver_memory="4g",
        execution_timeout=timedelta(hours=3),
    )

    gates = PythonOperator(
        task_id="check_gates",
        python_callable=check_gates,
        retries=0,
    )

    evaluate >> gates
