package dev.domaineval.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataFiles} on the local file system, without Spark. */
class DataFilesTest {
  @TempDir Path dir;

  private static boolean isData(String format, String name) throws IOException {
    return new GlobFilter(DataFiles.glob(format)).accept(new org.apache.hadoop.fs.Path(name));
  }

  @Test
  void csvFilesAreThoseWithACsvOrTsvExtensionCompressedOrNotAndPartFiles() throws IOException {
    for (String name :
        List.of(
            "a.csv",
            "A.CSV",
            "a.tsv",
            "a.csv.gz",
            "a.csv.GZ",
            "a.csv.bz2",
            "a.csv.deflate",
            "a.csv.snappy",
            "a.csv.lz4",
            "a.csv.zst",
            "part-00000-1f2e-c000.csv",
            "part-00000")) {
      assertThat(isData("csv", name)).as(name).isTrue();
    }
    for (String name : List.of("NOTES.txt", "a.csv.bak", "a.json", "readme", "a.parquet")) {
      assertThat(isData("csv", name)).as(name).isFalse();
    }
  }

  @Test
  void jsonParquetAndOrcFilesHaveTheirOwnExtensions() throws IOException {
    for (String name : List.of("a.json", "a.jsonl", "a.ndjson", "a.json.gz", "a.jsonl.zst")) {
      assertThat(isData("json", name)).as(name).isTrue();
    }
    assertThat(isData("json", "a.csv")).isFalse();
    for (String name :
        List.of("a.parquet", "part-00000-1f2e-c000.snappy.parquet", "a.zstd.parquet")) {
      assertThat(isData("parquet", name)).as(name).isTrue();
    }
    for (String name : List.of("NOTES.txt", "a.parquet.crc", "a.csv")) {
      assertThat(isData("parquet", name)).as(name).isFalse();
    }
    assertThat(isData("orc", "part-00000.snappy.orc")).isTrue();
    assertThat(isData("orc", "a.parquet")).isFalse();
  }

  @Test
  void describeNamesTheExtensionsOfTheGlob() {
    assertThat(DataFiles.describe("csv"))
        .isEqualTo("*.csv or *.tsv, optionally compressed (such as *.tsv.gz), or part-*");
    assertThat(DataFiles.describe("parquet")).isEqualTo("*.parquet or part-*");
  }

  @Test
  void aDirectoryListsItsIgnoredFilesAndSkipsHiddenOnesAsSparkDoes() throws IOException {
    Path preds = Files.createDirectories(dir.resolve("preds"));
    Files.writeString(preds.resolve("part-00000-a.csv"), "x");
    Files.writeString(preds.resolve("b.csv.gz"), "x");
    Files.writeString(preds.resolve("NOTES.txt"), "x");
    Files.writeString(preds.resolve("_SUCCESS"), "");
    Files.writeString(preds.resolve(".part-00000-a.csv.crc"), "x");
    Path partition = Files.createDirectories(preds.resolve("dt=2026-12-06"));
    Files.writeString(partition.resolve("c.csv"), "x");
    Files.writeString(partition.resolve("README.md"), "x");
    Path temporary = Files.createDirectories(preds.resolve("_temporary/0"));
    Files.writeString(temporary.resolve("stray.txt"), "x");

    DataFiles.Listing listing = list(preds.toString(), "csv");

    assertThat(listing.filtered()).isTrue();
    assertThat(listing.dataFiles()).isEqualTo(3);
    assertThat(listing.ignored())
        .extracting(f -> new org.apache.hadoop.fs.Path(f).getName())
        .containsExactly("NOTES.txt", "README.md");
  }

  @Test
  void aFileNamedByThePathIsAlwaysData() throws IOException {
    Path file = dir.resolve("predictions.export");
    Files.writeString(file, "x");

    DataFiles.Listing listing = list(file.toString(), "csv");

    assertThat(listing.filtered()).isFalse();
    assertThat(listing.dataFiles()).isEqualTo(1);
    assertThat(listing.ignored()).isEmpty();
  }

  @Test
  void aGlobOfDirectoriesIsFilteredInEachOfThem() throws IOException {
    for (String day : List.of("dt=1", "dt=2")) {
      Path d = Files.createDirectories(dir.resolve("preds").resolve(day));
      Files.writeString(d.resolve("a.parquet"), "x");
      Files.writeString(d.resolve("notes.txt"), "x");
    }

    DataFiles.Listing listing = list(dir.resolve("preds") + "/dt=*", "parquet");

    assertThat(listing.filtered()).isTrue();
    assertThat(listing.dataFiles()).isEqualTo(2);
    assertThat(listing.ignored()).hasSize(2);
  }

  private static DataFiles.Listing list(String path, String format) throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    return DataFiles.list(fs, new org.apache.hadoop.fs.Path(path), DataFiles.glob(format));
  }
}
