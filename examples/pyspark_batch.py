"""Analyze a folder of transcripts with colead from PySpark.

Each file becomes one JSON line, {"id": path, "content": text}; RDD.pipe
sends the lines of each partition through `colead stream`, which answers
every line with one line, in order; the replies are parsed and gathered into
one table, printed as CSV (one row per transcript, sorted by path).

Local mode, two worker threads:

    cargo build --release
    python3 examples/pyspark_batch.py fixtures/same-meeting --colead target/release/colead

On a cluster the same script runs with spark-submit (see the README); colead
must then be on every worker's PATH (or give --colead a path valid there).
"""

import argparse
import csv
import json
import os
import sys

from pyspark.sql import SparkSession

COLUMNS = ["path", "ok", "format", "pattern", "speakers", "utterances", "equality", "error"]


def row(reply):
    """One table row from one `colead stream` reply."""
    path = reply.get("id")
    if not reply.get("ok"):
        error = reply.get("error") or {}
        return [path, "false", "", "", "", "", "", f"{error.get('kind')}: {error.get('message')}"]
    analysis = reply["analysis"]
    figures = analysis["group"]["figures"]
    return [
        path,
        "true",
        analysis["format"],
        analysis["group"]["pattern"],
        figures["speakers"],
        figures["utterances"],
        "%.4f" % figures["equality"],
        "",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="folder of transcripts (not searched recursively)")
    parser.add_argument("--colead", default="colead", help="the colead binary (default: on PATH)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default: local[2])")
    parser.add_argument("--partitions", type=int, default=2)
    args = parser.parse_args()

    # Local folders by absolute path; URLs (hdfs://, s3a://) as they are.
    folder = args.folder if "://" in args.folder else os.path.abspath(args.folder)
    spark = (
        SparkSession.builder.master(args.master)
        .appName("colead-batch")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        files = spark.sparkContext.wholeTextFiles(folder, args.partitions)
        # Spark names files file:/...; the tables show the path.
        requests = files.map(
            lambda kv: json.dumps({"id": kv[0].removeprefix("file:"), "content": kv[1]})
        )
        # Run where the executors run: on a cluster, a path valid there.
        replies = requests.pipe(f"{args.colead} stream").map(json.loads)
        rows = sorted(replies.map(row).collect(), key=lambda r: r[0])
    finally:
        spark.stop()

    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLUMNS)
    out.writerows(rows)


if __name__ == "__main__":
    main()
