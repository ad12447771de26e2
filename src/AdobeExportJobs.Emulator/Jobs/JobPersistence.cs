using System.Text;
using Microsoft.Data.Sqlite;

namespace AdobeExportJobs.Emulator.Jobs;

/// <summary>A stored job as it comes back after a restart.</summary>
internal sealed record PersistedJob(long Id, string OrgId, string Sandbox, long CreationTime, long DurationMs, string RequestBody, string Document);

/// <summary>Where jobs are kept beyond the process: nowhere (in-memory mode) or SQLite.</summary>
internal interface IJobPersistence : IDisposable
{
    IReadOnlyList<PersistedJob> LoadAll();

    /// <summary>A new job with the body it was created from (kept only here, to rebuild the job after a restart).</summary>
    void Insert(ExportJob job, ReadOnlyMemory<byte> requestBody);

    /// <summary>The job's current wire form.</summary>
    void Update(ExportJob job);

    void Delete(long id);
    string GetSetting(string key);
    void SetSetting(string key, string value);
    void DeleteSetting(string key);
}

internal sealed class NoPersistence : IJobPersistence
{
    private readonly Dictionary<string, string> _settings = new();
    public IReadOnlyList<PersistedJob> LoadAll() => Array.Empty<PersistedJob>();
    public void Insert(ExportJob job, ReadOnlyMemory<byte> requestBody) { }
    public void Update(ExportJob job) { }
    public void Delete(long id) { }
    public string GetSetting(string key) { lock (_settings) return _settings.GetValueOrDefault(key); }
    public void SetSetting(string key, string value) { lock (_settings) _settings[key] = value; }
    public void DeleteSetting(string key) { lock (_settings) _settings.Remove(key); }
    public void Dispose() { }
}

/// <summary>Write-through SQLite store (one file, emulator.db, in the data directory); callers serialize access.</summary>
internal sealed class SqliteJobPersistence : IJobPersistence
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    public SqliteJobPersistence(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "emulator.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute(@"CREATE TABLE IF NOT EXISTS jobs (
                    id INTEGER PRIMARY KEY, org TEXT NOT NULL, sandbox TEXT NOT NULL, creation_ms INTEGER NOT NULL,
                    duration_ms INTEGER NOT NULL, request TEXT NOT NULL, document TEXT NOT NULL);");
        Execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
    }

    public IReadOnlyList<PersistedJob> LoadAll()
    {
        lock (_gate)
        {
            using var command = Command("SELECT id, org, sandbox, creation_ms, duration_ms, request, document FROM jobs ORDER BY id;");
            using var reader = command.ExecuteReader();
            var jobs = new List<PersistedJob>();
            while (reader.Read())
            {
                jobs.Add(new PersistedJob(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetString(5), reader.GetString(6)));
            }
            return jobs;
        }
    }

    public void Insert(ExportJob job, ReadOnlyMemory<byte> requestBody) => Execute(
        @"INSERT INTO jobs (id, org, sandbox, creation_ms, duration_ms, request, document)
          VALUES ($id, $org, $sandbox, $creation, $duration, $request, $document);",
        ("$id", job.Id), ("$org", job.OrgId), ("$sandbox", job.Sandbox), ("$creation", job.CreationTime),
        ("$duration", job.DurationMs), ("$request", Encoding.UTF8.GetString(requestBody.Span)), ("$document", Encoding.UTF8.GetString(job.Json)));

    public void Update(ExportJob job) =>
        Execute("UPDATE jobs SET document = $document WHERE id = $id;", ("$id", job.Id), ("$document", Encoding.UTF8.GetString(job.Json)));

    public void Delete(long id) => Execute("DELETE FROM jobs WHERE id = $id;", ("$id", id));

    public string GetSetting(string key)
    {
        lock (_gate)
        {
            using var command = Command("SELECT value FROM settings WHERE key = $key;", ("$key", key));
            return command.ExecuteScalar() as string;
        }
    }

    public void SetSetting(string key, string value) => Execute(
        "INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
        ("$key", key), ("$value", value));

    public void DeleteSetting(string key) => Execute("DELETE FROM settings WHERE key = $key;", ("$key", key));

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            command.ExecuteNonQuery();
        }
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
