using Microsoft.Playwright;

namespace PivotCase.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright never downloads a browser here: it launches the system one
/// (<c>/usr/bin/chromium</c>, or <c>PIVOTCASE_CHROMIUM</c>), headless, with no network features of its own.
/// ./test.sh installs the chromium package when it is missing; without it these tests fail and say why.
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PIVOTCASE_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;

    /// <summary>
    /// --no-sandbox: tests run as root in CI, where Chromium's sandbox refuses to start. The rest keep Chromium from
    /// reaching out to the network (there is none) or doing work a test does not need.
    /// </summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new Xunit.Sdk.XunitException(
                $"Chromium is not installed at {ExecutablePath}, and the dashboard page is tested in a real browser. " +
                "Run ./test.sh as root (it installs Debian's chromium package), or install it: apt-get install -y chromium " +
                "(or point PIVOTCASE_CHROMIUM at a Chromium binary).");

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                Timeout = 60_000
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>The folder for screenshots: TestResults under the test output folder.</summary>
    public static string ArtifactsFolder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestResults");
            System.IO.Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
