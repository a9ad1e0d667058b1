using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace PivotCase.Api.Platform;

/// <summary>
/// The configuration as JasperFx's <c>describe</c> command prints it (every key of every source, environment variables
/// included), with secrets masked: the master key that protects survivors' personal details, the token signing key, a
/// connection string's password, and any setting whose name says it holds a key, secret, password, token or headers.
/// Operators run <c>describe</c> to see how a node is configured and paste its output into tickets and chats; until
/// 2026-11-28 it printed all of them in clear. The application itself keeps the real configuration: only the
/// <see cref="IConfiguration"/> service of a <c>describe</c> run is replaced, which is what the command prints (ADR 0020).
/// </summary>
public static partial class RedactedConfiguration
{
    public const string Mask = "*****";
    public const string Command = "describe";

    public static WebApplicationBuilder RedactConfigurationForDescribe(this WebApplicationBuilder builder, string[] args)
    {
        if (args.Length > 0 && string.Equals(args[0], Command, StringComparison.OrdinalIgnoreCase))
            builder.Services.AddSingleton<IConfiguration>(new RedactedRoot(builder.Configuration));
        return builder;
    }

    /// <summary>The value as <c>describe</c> may show it.</summary>
    public static string? Redact(string key, string? value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        var name = key.Split(':', '_').LastOrDefault(part => part.Length > 0) ?? key;
        if (SecretName().IsMatch(name)) return Mask;
        return key.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase) ? WithoutPassword(value) : value;
    }

    private static string WithoutPassword(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var secret in builder.Keys.Cast<string>().Where(name => SecretName().IsMatch(name) || name is "pwd").ToList())
                builder[secret] = Mask;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Mask;
        }
    }

    /// <summary>Not <c>pwd</c> alone: outside a connection string, PWD is the working directory.</summary>
    [GeneratedRegex("(key|token|credentials?|headers)$|password|passwd|secret", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    private sealed class RedactedRoot(IConfigurationRoot configuration) : IConfigurationRoot
    {
        public IEnumerable<IConfigurationProvider> Providers => configuration.Providers.Select(provider => new RedactedProvider(provider));

        public string? this[string key]
        {
            get => Redact(key, configuration[key]);
            set => throw new NotSupportedException("The configuration that describe prints is read-only.");
        }

        /// <summary>Sections read their values through this root, so they are redacted too.</summary>
        public IConfigurationSection GetSection(string key) => new ConfigurationSection(this, key);

        public IEnumerable<IConfigurationSection> GetChildren() => configuration.GetChildren().Select(child => GetSection(child.Path));

        public IChangeToken GetReloadToken() => configuration.GetReloadToken();
        public void Reload() => configuration.Reload();
    }

    private sealed class RedactedProvider(IConfigurationProvider provider) : IConfigurationProvider
    {
        public bool TryGet(string key, out string? value)
        {
            var found = provider.TryGet(key, out var stored);
            value = Redact(key, stored);
            return found;
        }

        public void Set(string key, string? value) => throw new NotSupportedException("The configuration that describe prints is read-only.");
        public IChangeToken GetReloadToken() => provider.GetReloadToken();
        public void Load() => provider.Load();
        public IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath) => provider.GetChildKeys(earlierKeys, parentPath);
        public override string? ToString() => provider.ToString();
    }
}
