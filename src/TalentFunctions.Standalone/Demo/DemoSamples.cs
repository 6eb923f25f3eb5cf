using System.Globalization;
using System.Text;

namespace TalentFunctions.Standalone.Demo;

/// <summary>The demo's sample files: a tiny but well-formed MP4 (reel) and PDF (script).</summary>
public static class DemoSamples
{
    /// <summary>An MP4 of three boxes: <c>ftyp</c> (isom), an empty <c>free</c> and an empty <c>mdat</c>.</summary>
    public static byte[] Mp4()
    {
        using var mp4 = new MemoryStream();
        WriteBox(mp4, "ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isomiso2mp41"u8]);
        WriteBox(mp4, "free", []);
        WriteBox(mp4, "mdat", []);
        return mp4.ToArray();
    }

    /// <summary>A one-page PDF 1.4 with a line of text, its cross-reference table and trailer.</summary>
    public static byte[] Pdf()
    {
        const string text = "(Gui Tu - The Way Home: a short film script) Tj";
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {("BT /F1 18 Tf 72 770 Td " + text + " ET").Length} >>\nstream\nBT /F1 18 Tf 72 770 Td {text} ET\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static void WriteBox(Stream stream, string type, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(8 + payload.Length));
        Encoding.ASCII.GetBytes(type, header[4..]);
        stream.Write(header);
        stream.Write(payload);
    }
}
