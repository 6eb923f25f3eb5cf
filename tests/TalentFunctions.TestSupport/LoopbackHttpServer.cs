using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TalentFunctions.TestSupport;

/// <summary>
/// A real HTTP server on a free loopback port (<see cref="HttpListener"/>) that hands each request to a handler, on its own
/// task. The fakes of outside services (<see cref="FakeSendGridServer"/>, <see cref="FakeTranslatorServer"/>) are built on it.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Func<HttpListenerContext, Task> handle;
    private readonly Task loop;

    private LoopbackHttpServer(HttpListener listener, Uri baseUrl, Func<HttpListenerContext, Task> handle)
    {
        this.listener = listener;
        this.handle = handle;
        BaseUrl = baseUrl;
        loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Listens on a free loopback port (trying another if one is taken between probe and start).</summary>
    public static LoopbackHttpServer Start(Func<HttpListenerContext, Task> handle)
    {
        for (var attempt = 1; ; attempt++)
        {
            var prefix = $"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new LoopbackHttpServer(listener, new Uri(prefix), handle);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: it stops and releases the port. On Linux, Stop then Close gives the prefixes back twice, and the
        // second time binds the port again to find its endpoint, which fails if another process has taken it meanwhile
        // ("Address already in use", seen in CI).
        listener.Close();
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopping the listener ends GetContextAsync with one of these.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => handle(context));
        }
    }
}
